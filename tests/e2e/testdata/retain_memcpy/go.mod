module e2e/retain_memcpy

go 1.24
