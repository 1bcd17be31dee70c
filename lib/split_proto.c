/*
 * split_proto.c: the message table of the gate <-> core protocol (split_proto.h) and the one
 * function that checks every received message against it, in the manner of Wayland's
 * connection.c and OpenBSD's imsg: a message is a header plus a payload of exactly the size
 * its type declares; fds only on the types that carry them, exactly one; the type must be
 * allowed from this peer in the receiver's current state; padding fields must be zero.
 *
 * Inputs: bytes and ancillary data from the peer process (untrusted: a compromised gate or
 * core). Guarantees: a message returned as SP_RECV_OK passed every check above; nothing is
 * read past the received length; every fd received on a failing message is closed.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "split_proto.h"

#define CORE_REQ (SP_ST_IDLE)
#define G SP_FROM_GATE
#define C SP_FROM_CORE

const struct sp_msg_desc sp_msgs[SP_TYPE_COUNT] = {
	[SP_READY] = { "READY", sizeof(struct sp_ready), C, false, SP_ST_HELLO },
	[SP_REPLY] = { "REPLY", sizeof(struct sp_replies), C, false, SP_ST_ANSWER },
	[SP_RELEASED] = { "RELEASED", sizeof(struct sp_released), C, false, SP_ST_ANSWER },
	[SP_CTX_CREATE] = { "CTX_CREATE", sizeof(struct sp_ctx_create), G, false, CORE_REQ },
	[SP_CTX_DESTROY] = { "CTX_DESTROY", sizeof(struct sp_ctx), G, false, CORE_REQ },
	[SP_PUSH] = { "PUSH", sizeof(struct sp_push), G, false, SP_ST_IDLE | SP_ST_STAGED },
	[SP_EXECUTE] = { "EXECUTE", sizeof(struct sp_execute), G, false, SP_ST_IDLE | SP_ST_STAGED },
	[SP_ATTACH] = { "ATTACH", sizeof(struct sp_attach), G, true, CORE_REQ },
	[SP_TRANSFER] = { "TRANSFER", sizeof(struct sp_transfer), G, false, SP_ST_IDLE | SP_ST_STAGED },
	[SP_PULL] = { "PULL", sizeof(struct sp_pull), G, false, CORE_REQ },
	[SP_WAIT_IDLE] = { "WAIT_IDLE", sizeof(struct sp_ctx), G, false, CORE_REQ },
	[SP_BUSY] = { "BUSY", sizeof(struct sp_busy), G, false, CORE_REQ },
	[SP_FENCE_CREATE] = { "FENCE_CREATE", sizeof(struct sp_ctx), G, false, CORE_REQ },
	[SP_FENCE_WAIT] = { "FENCE_WAIT", sizeof(struct sp_fence), G, false, CORE_REQ },
	[SP_FENCE_DESTROY] = { "FENCE_DESTROY", sizeof(struct sp_fence), G, false, CORE_REQ },
	[SP_CAPS] = { "CAPS", sizeof(struct sp_caps), G, false, CORE_REQ },
};

#define SP_MAX_FDS 4 /* room to see (and close) fds a peer should not have sent */

int sp_send(int sock, uint32_t type, const void *payload, int fd)
{
	struct {
		struct sp_hdr h;
		union sp_payload p;
	} buf;
	union {
		char b[CMSG_SPACE(sizeof(int))];
		struct cmsghdr align;
	} ctl;
	struct iovec iov;
	struct msghdr msg;
	ssize_t r;

	if (type == 0 || type >= SP_TYPE_COUNT || (fd >= 0) != sp_msgs[type].fd) {
		errno = EINVAL;
		return -1;
	}
	memset(&buf, 0, sizeof(buf));
	buf.h.type = type;
	buf.h.size = sp_msgs[type].size;
	memcpy(&buf.p, payload, sp_msgs[type].size);
	iov.iov_base = &buf;
	iov.iov_len = sizeof(buf.h) + sp_msgs[type].size;
	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	if (fd >= 0) {
		struct cmsghdr *cm;

		memset(&ctl, 0, sizeof(ctl));
		msg.msg_control = ctl.b;
		msg.msg_controllen = sizeof(ctl.b);
		cm = CMSG_FIRSTHDR(&msg);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN(sizeof(int));
		memcpy(CMSG_DATA(cm), &fd, sizeof(int));
	}
	do
		r = sendmsg(sock, &msg, MSG_NOSIGNAL);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return -1;
	if ((size_t)r != iov.iov_len) { /* SEQPACKET sends whole records; be sure */
		errno = EPIPE;
		return -1;
	}
	return 0;
}

/* Collects the fds of a received message into fds[]; returns their count (or SP_MAX_FDS + 1
 * when something other than SCM_RIGHTS arrived). */
static int take_fds(struct msghdr *msg, int *fds)
{
	int n = 0;

	for (struct cmsghdr *cm = CMSG_FIRSTHDR(msg); cm; cm = CMSG_NXTHDR(msg, cm)) {
		size_t k;

		if (cm->cmsg_level != SOL_SOCKET || cm->cmsg_type != SCM_RIGHTS ||
		    cm->cmsg_len < CMSG_LEN(0))
			return SP_MAX_FDS + 1;
		k = (cm->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (size_t i = 0; i < k; i++) {
			int fd;

			memcpy(&fd, CMSG_DATA(cm) + i * sizeof(int), sizeof(int));
			if (n < SP_MAX_FDS)
				fds[n] = fd;
			else
				close(fd);
			n++;
		}
	}
	return n;
}

static bool padding_zero(const struct sp_msg *m)
{
	switch (m->type) {
	case SP_RELEASED: return m->p.released.pad == 0;
	case SP_REPLY:
		for (uint32_t i = m->p.reply.count; i < SP_MAX_REPLIES; i++) {
			const struct sp_reply *r = &m->p.reply.r[i];

			if (r->status || r->flag || r->value)
				return false;
		}
		return m->p.reply.pad == 0 && m->p.reply.count <= SP_MAX_REPLIES;
	case SP_CTX_DESTROY:
	case SP_WAIT_IDLE:
	case SP_FENCE_CREATE: return m->p.ctx.pad == 0;
	case SP_EXECUTE: return m->p.execute.pad == 0;
	case SP_BUSY: return m->p.busy.pad == 0;
	case SP_CAPS: return m->p.caps.pad == 0;
	default: return true;
	}
}

static enum sp_recv_result recv_one(int sock, int flags, enum sp_from from, uint32_t state,
				    struct sp_msg *m, int *ret_fd, char *why, size_t why_len)
{
	struct {
		struct sp_hdr h;
		union sp_payload p;
		uint8_t extra[8]; /* a longer message shows up as size mismatch, not truncation */
	} buf;
	union {
		char b[CMSG_SPACE(SP_MAX_FDS * sizeof(int))];
		struct cmsghdr align;
	} ctl;
	const struct sp_msg_desc *d;
	struct iovec iov = { &buf, sizeof(buf) };
	struct msghdr msg;
	int fds[SP_MAX_FDS];
	int nfds;
	ssize_t r;

	*ret_fd = -1;
	memset(&msg, 0, sizeof(msg));
	msg.msg_iov = &iov;
	msg.msg_iovlen = 1;
	msg.msg_control = ctl.b;
	msg.msg_controllen = sizeof(ctl.b);
	do
		r = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC | flags);
	while (r < 0 && errno == EINTR);
	if (r < 0 && (flags & MSG_DONTWAIT) && (errno == EAGAIN || errno == EWOULDBLOCK))
		return SP_RECV_AGAIN;
	if (r < 0)
		return errno == ECONNRESET ? SP_RECV_EOF : SP_RECV_ERROR;
	nfds = take_fds(&msg, fds);
	if (r == 0 && nfds == 0)
		return SP_RECV_EOF;
	(void)snprintf(why, why_len, "malformed");
	if (msg.msg_flags & (MSG_TRUNC | MSG_CTRUNC)) {
		(void)snprintf(why, why_len, "truncated message or control data");
		goto bad;
	}
	if (nfds > SP_MAX_FDS) {
		(void)snprintf(why, why_len, "unexpected control message");
		goto bad;
	}
	if ((size_t)r < sizeof(buf.h)) {
		(void)snprintf(why, why_len, "%zd bytes: shorter than a header", r);
		goto bad;
	}
	if (buf.h.type == 0 || buf.h.type >= SP_TYPE_COUNT) {
		(void)snprintf(why, why_len, "unknown type %u", buf.h.type);
		goto bad;
	}
	d = &sp_msgs[buf.h.type];
	if (d->from != from || !(d->states & state)) {
		(void)snprintf(why, why_len, "%s not allowed here", d->name);
		goto bad;
	}
	if (buf.h.size != d->size || (size_t)r != sizeof(buf.h) + d->size) {
		(void)snprintf(why, why_len, "%s: %zd bytes (header says %u), expected %u", d->name,
			       r - (ssize_t)sizeof(buf.h), buf.h.size, d->size);
		goto bad;
	}
	if (nfds != (d->fd ? 1 : 0)) {
		(void)snprintf(why, why_len, "%s with %d fds", d->name, nfds);
		goto bad;
	}
	m->type = buf.h.type;
	memset(&m->p, 0, sizeof(m->p));
	memcpy(&m->p, &buf.p, d->size);
	if (!padding_zero(m)) {
		(void)snprintf(why, why_len, "%s: nonzero padding or unused fields", d->name);
		goto bad;
	}
	if (nfds)
		*ret_fd = fds[0];
	return SP_RECV_OK;
bad:
	for (int i = 0; i < nfds && i < SP_MAX_FDS; i++)
		close(fds[i]);
	return SP_RECV_MALFORMED;
}

enum sp_recv_result sp_recv(int sock, enum sp_from from, uint32_t state, struct sp_msg *m,
			    int *ret_fd, char *why, size_t why_len)
{
	return recv_one(sock, 0, from, state, m, ret_fd, why, why_len);
}

enum sp_recv_result sp_try_recv(int sock, enum sp_from from, uint32_t state, struct sp_msg *m,
				int *ret_fd, char *why, size_t why_len)
{
	return recv_one(sock, MSG_DONTWAIT, from, state, m, ret_fd, why, why_len);
}
