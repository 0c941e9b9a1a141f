module e2e/go_in_go_memory

go 1.24
