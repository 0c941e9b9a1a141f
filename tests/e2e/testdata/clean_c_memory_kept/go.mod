module e2e/clean_c_memory_kept

go 1.24
