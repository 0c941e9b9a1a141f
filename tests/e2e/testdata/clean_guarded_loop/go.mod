module e2e/clean_guarded_loop

go 1.24
