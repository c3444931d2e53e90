#ifndef PORTAL_SUPPORT_H
#define PORTAL_SUPPORT_H
/// Swaps two paths atomically (Linux renameat2 RENAME_EXCHANGE). Returns 0, or -1 with errno set
/// (for example EINVAL on file systems without support, where the caller falls back to two renames).
int portal_exchange_paths(const char *a, const char *b);
/// Removes a directory tree without following links (nftw, depth first). Returns 0 or -1 with errno.
/// Foundation's FileManager.removeItem took ~1.7 ms a file here; this takes microseconds.
int portal_remove_tree(const char *path);
/// Copies up to `length` bytes from `in` to `out` at their offsets inside the kernel (copy_file_range).
/// Returns the bytes copied (0 at the end), or -1 with errno set (EXDEV, ENOSYS… where unsupported).
long portal_copy_file_range(int in, int out, unsigned long length);

/// The same from `*offset` in `in` (advanced by what was copied) to `out`'s current position.
long portal_copy_file_range_from(int in, long long *offset, int out, unsigned long length);
#include <stddef.h>
/// Inflates a raw deflate stream (a ZIP entry) given as exactly `in_length` bytes. On success returns 0
/// and sets `*out` (malloc'd; the caller frees it) and `*out_length`. Returns 1 when the stream is
/// corrupt or ends before its last block, 2 when the output would pass `limit` bytes, 3 out of memory.
int portal_inflate_raw(const unsigned char *in, size_t in_length, size_t limit, unsigned char **out, size_t *out_length);
#endif
