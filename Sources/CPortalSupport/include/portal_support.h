#ifndef PORTAL_SUPPORT_H
#define PORTAL_SUPPORT_H
/// Swaps two paths atomically (Linux renameat2 RENAME_EXCHANGE). Returns 0, or -1 with errno set
/// (for example EINVAL on file systems without support, where the caller falls back to two renames).
int portal_exchange_paths(const char *a, const char *b);
#endif
