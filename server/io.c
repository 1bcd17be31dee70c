/*
 * io.c: blocking stream-socket I/O for vigil-server: read exactly n bytes, write exactly n bytes,
 * and pass one fd with SCM_RIGHTS.
 *
 * Inputs: a connected socket whose peer is hostile (it may close at any byte, send ancillary
 * data, or stop reading). Guarantees: partial transfers are reassembled and EINTR is retried;
 * a peer that closes mid-message is reported as VS_IO_SHORT, distinct from a clean EOF before
 * the first byte; writes never raise SIGPIPE (MSG_NOSIGNAL on sockets, SIGPIPE is also ignored
 * by the acceptor); file descriptors a client sends us are discarded by the kernel, since we
 * never pass a control buffer to a receive call.
 */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "server.h"

enum vs_io vs_read_full(int fd, void *buf, size_t n, size_t *done)
{
	uint8_t *p = buf;
	size_t got = 0;

	while (got < n) {
		ssize_t r = read(fd, p + got, n - got);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			*done = got;
			return VS_IO_ERROR;
		}
		if (r == 0) {
			*done = got;
			return got ? VS_IO_SHORT : VS_IO_EOF;
		}
		got += (size_t)r;
	}
	*done = got;
	return VS_IO_OK;
}

enum vs_io vs_write_full(int fd, const void *buf, size_t n)
{
	const uint8_t *p = buf;
	size_t done = 0;

	while (done < n) {
		/* sendmsg, not send (sendto): the gate's seccomp filter allows only sendmsg */
		struct iovec iov = { (void *)(uintptr_t)(p + done), n - done };
		struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };
		ssize_t r = sendmsg(fd, &msg, MSG_NOSIGNAL);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return VS_IO_ERROR;
		}
		if (r == 0)
			return VS_IO_SHORT;
		done += (size_t)r;
	}
	return VS_IO_OK;
}

enum vs_io vs_send_fd(int sock, int fd_to_send)
{
	union {
		struct cmsghdr align;
		char buf[CMSG_SPACE(sizeof(int))];
	} ctrl;
	uint8_t byte = 0;
	struct iovec iov = { .iov_base = &byte, .iov_len = 1 };
	struct msghdr msg;
	struct cmsghdr *cm;
	ssize_t r;

	memset(&ctrl, 0, sizeof(ctrl));
	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = ctrl.buf;
	msg.msg_controllen = sizeof(ctrl.buf);
	cm = CMSG_FIRSTHDR(&msg);
	cm->cmsg_level = SOL_SOCKET;
	cm->cmsg_type = SCM_RIGHTS;
	cm->cmsg_len = CMSG_LEN(sizeof(int));
	memcpy(CMSG_DATA(cm), &fd_to_send, sizeof(int));
	do {
		r = sendmsg(sock, &msg, MSG_NOSIGNAL);
	} while (r < 0 && errno == EINTR);
	if (r < 0)
		return VS_IO_ERROR;
	return r == 1 ? VS_IO_OK : VS_IO_SHORT;
}
