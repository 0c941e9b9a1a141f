module e2e/uar_thread

go 1.24
