module e2e/retain_heap

go 1.24
