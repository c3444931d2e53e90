#define _GNU_SOURCE
#include <stdio.h>
#include <fcntl.h>
#include <errno.h>
#include <unistd.h>
#include <sys/syscall.h>
#include <ftw.h>
#include <stdlib.h>
#include <zlib.h>
#include "portal_support.h"

#ifndef RENAME_EXCHANGE
#define RENAME_EXCHANGE (1 << 1)
#endif

int portal_exchange_paths(const char *a, const char *b) {
#ifdef SYS_renameat2
    return (int)syscall(SYS_renameat2, AT_FDCWD, a, AT_FDCWD, b, RENAME_EXCHANGE);
#else
    errno = ENOSYS;
    return -1;
#endif
}

static int remove_entry(const char *path, const struct stat *sb, int type, struct FTW *ftw) {
    (void)sb; (void)type; (void)ftw;
    return remove(path);
}

int portal_remove_tree(const char *path) {
    return nftw(path, remove_entry, 32, FTW_DEPTH | FTW_PHYS);
}

long portal_copy_file_range(int in, int out, unsigned long length) {
    return (long)copy_file_range(in, NULL, out, NULL, length, 0);
}

long portal_copy_file_range_from(int in, long long *offset, int out, unsigned long length) {
    loff_t position = *offset;
    long n = (long)copy_file_range(in, &position, out, NULL, length, 0);
    *offset = position;
    return n;
}

int portal_inflate_raw(const unsigned char *in, size_t in_length, size_t limit, unsigned char **out, size_t *out_length) {
    *out = NULL;
    *out_length = 0;
    z_stream stream = {0};
    if (inflateInit2(&stream, -MAX_WBITS) != Z_OK) return 3;
    /* zlib never reads past avail_in: the input is exactly the entry's bytes (ZIPFoundation's decoder
       claimed a whole buffer of input for a shorter entry, and a corrupt one read past it). */
    stream.next_in = (unsigned char *)in;
    stream.avail_in = (uInt)in_length;
    size_t capacity = 0;
    unsigned char *buffer = NULL;
    int status = 1;
    for (;;) {
        if (*out_length == capacity) {
            if (capacity >= limit + 1) { status = 2; break; }
            size_t next = capacity ? capacity * 2 : 65536;
            if (next > limit + 1) next = limit + 1;
            unsigned char *grown = realloc(buffer, next);
            if (!grown) { status = 3; break; }
            buffer = grown;
            capacity = next;
        }
        stream.next_out = buffer + *out_length;
        stream.avail_out = (uInt)(capacity - *out_length);
        int result = inflate(&stream, Z_NO_FLUSH);
        *out_length = capacity - stream.avail_out;
        if (result == Z_STREAM_END) { status = *out_length > limit ? 2 : 0; break; }
        if (result != Z_OK && result != Z_BUF_ERROR) break;                 /* corrupt */
        if (stream.avail_in == 0 && stream.avail_out > 0) break;            /* input ended early */
        if (result == Z_BUF_ERROR && stream.avail_out > 0) break;            /* no progress possible */
    }
    inflateEnd(&stream);
    if (status != 0) { free(buffer); *out_length = 0; return status; }
    *out = buffer;
    return 0;
}
