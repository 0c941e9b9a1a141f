module e2e/gcc_flags

go 1.24
