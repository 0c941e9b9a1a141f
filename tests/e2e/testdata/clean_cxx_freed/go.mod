module e2e/clean_cxx_freed

go 1.24
