module e2e/clean_loop_bases

go 1.24
