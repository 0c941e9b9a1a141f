module e2e/clean_threads_joined

go 1.24
