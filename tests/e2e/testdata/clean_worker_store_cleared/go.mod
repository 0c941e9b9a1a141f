module e2e/clean_worker_store_cleared

go 1.24
