module e2e/uar_callback

go 1.24
