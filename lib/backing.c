/*
 * backing.c: the memory behind resources: the embedder's iovecs, the embedder's memfd mapped
 * here, or a new memfd created here for a vtest client (PROTOCOL.md 1.6), and its release.
 *
 * Inputs: a size the validator already accepted as the resource's data_size (bounded by
 * MAX_RESOURCE_BYTES), and the embedder's iovecs / fd (trusted to describe its own memory).
 * Guarantees: a new memfd is zero-filled (fresh pages: no stale host data reaches a guest, R8)
 * and sealed against shrinking and growing before the guest gets it, so a guest cannot truncate
 * the file under the mapping and make the core fault (SIGBUS) while it copies; an embedder's
 * memfd must be at least offset + size long (fstat) for the same reason; every backing is
 * released exactly once, by the core's release_backing when the resource is finally gone.
 * In split mode (ops->passes_fds) memfds are not mapped here: their fd goes to the core
 * process, which checks its size and maps it itself.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib_priv.h"
#include "vigil_spec.h"

/* A sealed zero-filled memfd of `size` bytes; mapped into *ret_map when ret_map is not NULL
 * (the split core maps it itself: then the gate keeps no mapping). */
static int new_memfd(uint32_t res_id, size_t size, void **ret_map)
{
	char name[32];
	void *map;
	int fd, saved;

	(void)snprintf(name, sizeof(name), "vigil-res-%u", res_id);
	fd = memfd_create(name, MFD_ALLOW_SEALING | MFD_CLOEXEC);
	if (fd < 0)
		return -1;
	if (ftruncate(fd, (off_t)size) != 0 ||
	    fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) != 0)
		goto fail;
	if (!ret_map)
		return fd;
	map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED)
		goto fail;
	*ret_map = map;
	return fd;
fail:
	saved = errno;
	close(fd);
	errno = saved;
	return -1;
}

/* Maps [offset, offset + size) of the embedder's fd; NULL with errno on failure. */
static void *map_fd(int fd, uint64_t offset, size_t size)
{
	struct stat st;
	void *map;

	if (fd < 0 || offset % (uint64_t)sysconf(_SC_PAGESIZE) || fstat(fd, &st) != 0 ||
	    st.st_size < 0 || (uint64_t)st.st_size < offset || (uint64_t)st.st_size - offset < size) {
		errno = EINVAL;
		return NULL;
	}
	map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, (off_t)offset);
	return map == MAP_FAILED ? NULL : map;
}

static void unlink_backing(struct vigil_context *ctx, struct lib_backing *lb)
{
	if (lb->prev)
		lb->prev->next = lb->next;
	else
		ctx->backings = lb->next;
	if (lb->next)
		lb->next->prev = lb->prev;
}

vigil_status lib_attach(struct vigil_context *ctx, uint32_t res_id, uint32_t handle,
			const struct vigil_backing *b, uint64_t size, int *ret_fd)
{
	bool pass_fd = ctx->r->ops->passes_fds;
	struct lib_backing *lb = calloc(1, sizeof(*lb));
	struct lib_attach a = { .fd = -1, .size = size };
	struct iovec one;
	vigil_status s;
	int fd = -1;

	if (!lb)
		return lib_fail_host(ctx, VIGIL_VCMD_RESOURCE_CREATE2, VIGIL_E_EXHAUSTED, "backing allocation");
	lb->ctx = ctx;
	lb->res_id = res_id;
	lb->kind = b->kind;
	switch (b->kind) {
	case VIGIL_BACKING_IOV:
		if (!b->iov || b->niov == 0 || b->niov > VIGIL_MAX_IOV) {
			free(lb);
			return lib_fail_host(ctx, VIGIL_VCMD_RESOURCE_CREATE2, VIGIL_E_COUNT,
					     "backing iovec count");
		}
		lb->iov = calloc(b->niov, sizeof(*lb->iov));
		if (!lb->iov) {
			free(lb);
			return lib_fail_host(ctx, VIGIL_VCMD_RESOURCE_CREATE2, VIGIL_E_EXHAUSTED, "backing allocation");
		}
		memcpy(lb->iov, b->iov, b->niov * sizeof(*lb->iov));
		lb->niov = b->niov;
		a.iov = lb->iov;
		a.niov = lb->niov;
		break;
	case VIGIL_BACKING_MEMFD:
		if (pass_fd) { /* the core process checks and maps it */
			errno = EBADF;
			a.fd = b->fd;
			a.offset = b->offset;
		} else {
			lb->map = map_fd(b->fd, b->offset, (size_t)size);
		}
		break;
	case VIGIL_BACKING_NEW_MEMFD:
		fd = new_memfd(res_id, (size_t)size, pass_fd ? NULL : &lb->map);
		a.fd = fd;
		break;
	default:
		free(lb);
		return lib_fail_host(ctx, VIGIL_VCMD_RESOURCE_CREATE2, VIGIL_E_RESERVED, "backing kind");
	}
	if (b->kind != VIGIL_BACKING_IOV && !(pass_fd && a.fd >= 0)) {
		if (!lb->map) {
			char what[96];

			(void)snprintf(what, sizeof(what), "shared memory of %llu bytes for resource %u (%s)",
				       (unsigned long long)size, res_id, strerror(errno));
			free(lb);
			return lib_fail_host(ctx, VIGIL_VCMD_RESOURCE_CREATE2, VIGIL_E_BACKING, what);
		}
		lb->map_len = (size_t)size;
		one.iov_base = lb->map;
		one.iov_len = lb->map_len;
		a.iov = &one;
		a.niov = 1;
	}
	s = LIB_CORE(ctx, attach, handle, &a, lb, VIGIL_VCMD_RESOURCE_CREATE2);
	if (s != VIGIL_OK) {
		if (lb->map)
			(void)munmap(lb->map, lb->map_len);
		if (fd >= 0)
			close(fd);
		free(lb->iov);
		free(lb);
		return lib_fail_host(ctx, VIGIL_VCMD_RESOURCE_CREATE2, s, "attaching the backing failed");
	}
	lb->next = ctx->backings;
	if (lb->next)
		lb->next->prev = lb;
	ctx->backings = lb;
	if (ret_fd)
		*ret_fd = fd;
	return VIGIL_OK;
}

void lib_release_backing(void *user, void *cookie)
{
	struct vigil_renderer *r = user;
	struct lib_backing *lb = cookie;

	if (!lb)
		return;
	unlink_backing(lb->ctx, lb);
	if (lb->kind == VIGIL_BACKING_IOV) {
		if (r->cfg.backing_released)
			r->cfg.backing_released(r->cfg.user, lb->ctx, lb->res_id, lb->iov, lb->niov);
	} else if (lb->map && munmap(lb->map, lb->map_len) != 0) {
		lib_log(r, VIGIL_LOG_ERROR, "munmap of the backing of resource %u failed: %s", lb->res_id,
			strerror(errno));
	}
	free(lb->iov);
	free(lb);
}
