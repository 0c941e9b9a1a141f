module e2e/retain_from_worker_thread

go 1.24
