module e2e/clean_openmp

go 1.24
