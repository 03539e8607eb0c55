package recordfmt

import "errors"

// errDiskFull is what failingWriter fails with.
var errDiskFull = errors.New("disk full")

// failingWriter is an io.Writer whose every write fails, like a full disk.
type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errDiskFull }
