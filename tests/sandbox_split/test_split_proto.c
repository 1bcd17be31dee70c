/*
 * test_split_proto.c: the gate <-> core message table (lib/split_proto.c) refuses everything a
 * compromised peer could send besides a well-formed message: unknown types, sizes off by one
 * either way, a message from the wrong side or in the wrong state, fds on types that carry
 * none (and their closing), a missing fd where one is required, two fds, non-zero padding.
 * Bug class: type confusion and over-read at the process boundary; fd injection.
 */
#include <fcntl.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmocka.h>

#include "split_proto.h"

static int sv[2];

static int setup(void **state)
{
	(void)state;
	return socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv);
}

static int teardown(void **state)
{
	(void)state;
	close(sv[0]);
	close(sv[1]);
	return 0;
}

/* Sends raw bytes (header and payload as given) with n fds attached. */
static void send_raw(const void *buf, size_t len, const int *fds, int n)
{
	union {
		char b[CMSG_SPACE(4 * sizeof(int))];
		struct cmsghdr align;
	} ctl;
	struct iovec iov = { (void *)(uintptr_t)buf, len };
	struct msghdr msg = { .msg_iov = &iov, .msg_iovlen = 1 };

	if (n) {
		struct cmsghdr *cm;

		memset(&ctl, 0, sizeof(ctl));
		msg.msg_control = ctl.b;
		msg.msg_controllen = CMSG_SPACE((size_t)n * sizeof(int));
		cm = CMSG_FIRSTHDR(&msg);
		cm->cmsg_level = SOL_SOCKET;
		cm->cmsg_type = SCM_RIGHTS;
		cm->cmsg_len = CMSG_LEN((size_t)n * sizeof(int));
		memcpy(CMSG_DATA(cm), fds, (size_t)n * sizeof(int));
	}
	assert_int_equal(sendmsg(sv[0], &msg, 0), (ssize_t)len);
}

static void send_typed(uint32_t type, uint32_t size, size_t payload_len, const int *fds, int n)
{
	uint8_t buf[sizeof(struct sp_hdr) + sizeof(union sp_payload) + 16] = { 0 };
	struct sp_hdr h = { type, size };

	memcpy(buf, &h, sizeof(h));
	send_raw(buf, sizeof(h) + payload_len, fds, n);
}

static enum sp_recv_result core_recv(uint32_t state, struct sp_msg *m, int *fd)
{
	char why[128];

	return sp_recv(sv[1], SP_FROM_GATE, state, m, fd, why, sizeof(why));
}

static void well_formed_accepted(void **state)
{
	struct sp_ctx c = { 5, 0 };
	struct sp_msg m;
	int fd;

	(void)state;
	assert_int_equal(sp_send(sv[0], SP_WAIT_IDLE, &c, -1), 0);
	assert_int_equal(core_recv(SP_ST_IDLE, &m, &fd), SP_RECV_OK);
	assert_int_equal(m.type, SP_WAIT_IDLE);
	assert_int_equal(m.p.ctx.ctx, 5);
	assert_int_equal(fd, -1);
}

static void attach_needs_exactly_one_fd(void **state)
{
	struct sp_attach a = { 1, 2, 0, 4096, 9 };
	struct sp_msg m;
	int fds[2], fd;

	(void)state;
	fds[0] = open("/dev/null", O_RDONLY | O_CLOEXEC);
	fds[1] = open("/dev/null", O_RDONLY | O_CLOEXEC);
	assert_int_equal(sp_send(sv[0], SP_ATTACH, &a, fds[0]), 0);
	assert_int_equal(core_recv(SP_ST_IDLE, &m, &fd), SP_RECV_OK);
	assert_true(fd >= 0);
	close(fd);
	/* no fd, two fds */
	send_typed(SP_ATTACH, sizeof(a), sizeof(a), NULL, 0);
	assert_int_equal(core_recv(SP_ST_IDLE, &m, &fd), SP_RECV_MALFORMED);
	send_typed(SP_ATTACH, sizeof(a), sizeof(a), fds, 2);
	assert_int_equal(core_recv(SP_ST_IDLE, &m, &fd), SP_RECV_MALFORMED);
	assert_int_equal(fd, -1);
	close(fds[0]);
	close(fds[1]);
}

static void fd_on_plain_type_refused_and_closed(void **state)
{
	int before, after, fdn = open("/dev/null", O_RDONLY | O_CLOEXEC);
	struct sp_msg m;
	int fd;

	(void)state;
	send_typed(SP_WAIT_IDLE, sizeof(struct sp_ctx), sizeof(struct sp_ctx), &fdn, 1);
	close(fdn);
	before = dup(0); /* the lowest free fd before the receive */
	close(before);
	assert_int_equal(core_recv(SP_ST_IDLE, &m, &fd), SP_RECV_MALFORMED);
	after = dup(0); /* the lowest free fd: the received one was closed again */
	close(after);
	assert_int_equal(before, after);
}

static void sizes_exact(void **state)
{
	uint32_t sz = sizeof(struct sp_ctx);
	struct sp_msg m;
	int fd;

	(void)state;
	send_typed(SP_WAIT_IDLE, sz, sz - 1, NULL, 0); /* short payload */
	assert_int_equal(core_recv(SP_ST_IDLE, &m, &fd), SP_RECV_MALFORMED);
	send_typed(SP_WAIT_IDLE, sz, sz + 1, NULL, 0); /* trailing byte */
	assert_int_equal(core_recv(SP_ST_IDLE, &m, &fd), SP_RECV_MALFORMED);
	send_typed(SP_WAIT_IDLE, sz + 8, sz + 8, NULL, 0); /* header agrees, table does not */
	assert_int_equal(core_recv(SP_ST_IDLE, &m, &fd), SP_RECV_MALFORMED);
	send_raw("abc", 3, NULL, 0); /* shorter than a header */
	assert_int_equal(core_recv(SP_ST_IDLE, &m, &fd), SP_RECV_MALFORMED);
	{
		uint8_t big[4096] = { 0 }; /* longer than any message: truncated */

		send_raw(big, sizeof(big), NULL, 0);
		assert_int_equal(core_recv(SP_ST_IDLE, &m, &fd), SP_RECV_MALFORMED);
	}
}

static void types_sides_states(void **state)
{
	struct sp_msg m;
	int fd;

	(void)state;
	send_typed(0, 0, 0, NULL, 0);
	assert_int_equal(core_recv(SP_ST_IDLE, &m, &fd), SP_RECV_MALFORMED);
	send_typed(SP_TYPE_COUNT, 0, 0, NULL, 0);
	assert_int_equal(core_recv(SP_ST_IDLE, &m, &fd), SP_RECV_MALFORMED);
	/* a core-side message arriving at the core */
	send_typed(SP_REPLY, sizeof(struct sp_replies), sizeof(struct sp_replies), NULL, 0);
	assert_int_equal(core_recv(SP_ST_IDLE, &m, &fd), SP_RECV_MALFORMED);
	/* CTX_CREATE while PUSHed bytes wait for their EXECUTE */
	send_typed(SP_CTX_CREATE, sizeof(struct sp_ctx_create), sizeof(struct sp_ctx_create), NULL, 0);
	assert_int_equal(core_recv(SP_ST_STAGED, &m, &fd), SP_RECV_MALFORMED);
	/* EXECUTE is fine there */
	send_typed(SP_EXECUTE, sizeof(struct sp_execute), sizeof(struct sp_execute), NULL, 0);
	assert_int_equal(core_recv(SP_ST_STAGED, &m, &fd), SP_RECV_OK);
}

static void padding_zero(void **state)
{
	uint8_t buf[sizeof(struct sp_hdr) + sizeof(struct sp_ctx)];
	struct sp_hdr h = { SP_WAIT_IDLE, sizeof(struct sp_ctx) };
	struct sp_ctx c = { 1, 0xdead };
	struct sp_msg m;
	int fd;

	(void)state;
	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), &c, sizeof(c));
	send_raw(buf, sizeof(buf), NULL, 0);
	assert_int_equal(core_recv(SP_ST_IDLE, &m, &fd), SP_RECV_MALFORMED);
}

static enum sp_recv_result gate_recv(struct sp_msg *m)
{
	char why[128];
	int fd;

	return sp_recv(sv[1], SP_FROM_CORE, SP_ST_ANSWER, m, &fd, why, sizeof(why));
}

static void send_replies(const struct sp_replies *r)
{
	uint8_t buf[sizeof(struct sp_hdr) + sizeof(*r)];
	struct sp_hdr h = { SP_REPLY, sizeof(*r) };

	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), r, sizeof(*r));
	send_raw(buf, sizeof(buf), NULL, 0);
}

/* A REPLY carries 1..SP_MAX_REPLIES replies; the unused entries must be zero, so a core cannot
 * hide bytes there, and a count beyond the array is refused. */
static void reply_batches(void **state)
{
	struct sp_replies r = { 3, 0, { { 0, 1, 7 }, { 2, 0, 0 }, { 0, 0, 9 } } };
	struct sp_msg m;

	(void)state;
	send_replies(&r);
	assert_int_equal(gate_recv(&m), SP_RECV_OK);
	assert_int_equal(m.p.reply.count, 3);
	assert_int_equal(m.p.reply.r[2].value, 9);
	r.r[3].value = 1; /* beyond count */
	send_replies(&r);
	assert_int_equal(gate_recv(&m), SP_RECV_MALFORMED);
	memset(&r, 0, sizeof(r));
	r.count = SP_MAX_REPLIES + 1;
	send_replies(&r);
	assert_int_equal(gate_recv(&m), SP_RECV_MALFORMED);
}

/* sp_try_recv: AGAIN on an empty socket (nothing consumed), the message once one is queued. */
static void try_recv_does_not_block(void **state)
{
	struct sp_ctx c = { 1, 0 };
	uint8_t buf[sizeof(struct sp_hdr) + sizeof(c)];
	struct sp_hdr h = { SP_WAIT_IDLE, sizeof(c) };
	struct sp_msg m;
	char why[128];
	int fd;

	(void)state;
	assert_int_equal(sp_try_recv(sv[1], SP_FROM_GATE, SP_ST_IDLE, &m, &fd, why, sizeof(why)),
			 SP_RECV_AGAIN);
	memcpy(buf, &h, sizeof(h));
	memcpy(buf + sizeof(h), &c, sizeof(c));
	send_raw(buf, sizeof(buf), NULL, 0);
	assert_int_equal(sp_try_recv(sv[1], SP_FROM_GATE, SP_ST_IDLE, &m, &fd, why, sizeof(why)),
			 SP_RECV_OK);
	assert_int_equal(m.type, SP_WAIT_IDLE);
}

static void eof_seen(void **state)
{
	struct sp_msg m;
	int fd;

	(void)state;
	close(sv[0]);
	sv[0] = open("/dev/null", O_RDONLY | O_CLOEXEC); /* for teardown */
	assert_int_equal(core_recv(SP_ST_IDLE, &m, &fd), SP_RECV_EOF);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(well_formed_accepted, setup, teardown),
		cmocka_unit_test_setup_teardown(attach_needs_exactly_one_fd, setup, teardown),
		cmocka_unit_test_setup_teardown(fd_on_plain_type_refused_and_closed, setup, teardown),
		cmocka_unit_test_setup_teardown(sizes_exact, setup, teardown),
		cmocka_unit_test_setup_teardown(types_sides_states, setup, teardown),
		cmocka_unit_test_setup_teardown(padding_zero, setup, teardown),
		cmocka_unit_test_setup_teardown(reply_batches, setup, teardown),
		cmocka_unit_test_setup_teardown(try_recv_does_not_block, setup, teardown),
		cmocka_unit_test_setup_teardown(eof_seen, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
