/*
 * shm.c: the shared memory behind a RESOURCE_CREATE2 resource (PROTOCOL.md 1.6).
 *
 * Inputs: a guest id (only printed into the memfd name) and a size the validator already bounded
 * (<= VIGIL_LIMIT_MAX_RESOURCE_BYTES and equal to Mesa's layout of the resource). Guarantees: the
 * memory is zero-filled (fresh memfd pages, so no stale host data reaches a guest); the memfd is
 * sealed against shrinking and growing before the client gets it, so a client cannot truncate the
 * file under the server's mapping and make it fault (SIGBUS) while the core reads or writes it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "server.h"

int vs_shm_create(uint32_t guest_id, size_t size, int *ret_fd, void **ret_mem)
{
	char name[32];
	void *mem;
	int fd;

	if (size == 0 || size > (size_t)INT64_MAX) {
		errno = EINVAL;
		return -1;
	}
	(void)snprintf(name, sizeof(name), "vigil-res-%u", guest_id);
	fd = memfd_create(name, MFD_ALLOW_SEALING | MFD_CLOEXEC);
	if (fd < 0)
		return -1;
	if (ftruncate(fd, (off_t)size) != 0 ||
	    fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_SEAL) != 0)
		goto fail;
	mem = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (mem == MAP_FAILED)
		goto fail;
	*ret_fd = fd;
	*ret_mem = mem;
	return 0;
fail:
	{
		int saved = errno;

		close(fd);
		errno = saved;
	}
	return -1;
}

void vs_shm_release(void *user, void *mem, size_t size)
{
	(void)user;
	if (mem && size && munmap(mem, size) != 0)
		vs_log(VS_LOG_ERROR, "munmap of a resource backing failed: %s", strerror(errno));
}
