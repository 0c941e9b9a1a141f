module e2e/clean_heap_freed

go 1.24
