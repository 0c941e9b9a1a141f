module e2e/uar_guarded_loop

go 1.24
