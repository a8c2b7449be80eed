#ifndef C_LINUX_SHIM_H
#define C_LINUX_SHIM_H
// Linux interfaces that Swift's Glibc module map leaves out. Imported by EventLoop, and by the executable for
// mallopt (process-wide allocator settings, made once at start-up).
#include <malloc.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>

// GNU extensions; the Glibc module is built without _GNU_SOURCE, so declare them here (glibc exports both).
extern int accept4(int fd, struct sockaddr *address, socklen_t *length, int flags);
extern int pipe2(int fds[2], int flags);
#endif
