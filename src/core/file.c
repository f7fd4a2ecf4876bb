/* file.c - writing a named file whole or not at all (see file.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "braid/file.h"
#include "braid/strbuf.h"

int braid_file_write(const char *path, const void *data, size_t len, struct braid_err *err)
{
	struct strbuf tmp = STRBUF_INIT;
	const char *p = data;
	struct stat sb;
	mode_t mode = 0666, mask;
	int fd, e = 0;

	/* the temporary file takes the target's permissions, or the umask's */
	if (!stat(path, &sb)) {
		mode = sb.st_mode & 07777;
	} else {
		mask = umask(0);
		umask(mask);
		mode &= ~mask;
	}
	strbuf_addf(&tmp, "%s.tmp-XXXXXX", path);
	fd = mkstemp(tmp.buf);
	if (fd < 0) {
		e = errno;
		strbuf_release(&tmp);
		return braid_errorf(err, BRAID_EIO, "cannot write '%s': %s", path, strerror(e));
	}
	while (len && !e) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno != EINTR)
			e = errno;
		else if (n > 0) {
			p += n;
			len -= (size_t)n;
		}
	}
	if (!e && fchmod(fd, mode))
		e = errno;
	if (!e && fsync(fd))
		e = errno;
	if (close(fd) && !e)
		e = errno;
	if (!e && rename(tmp.buf, path))
		e = errno;
	if (e)
		unlink(tmp.buf);
	strbuf_release(&tmp);
	if (e)
		return braid_errorf(err, BRAID_EIO, "cannot write '%s': %s", path, strerror(e));
	return 0;
}
