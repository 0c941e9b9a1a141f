module e2e/retain_openmp_store

go 1.24
