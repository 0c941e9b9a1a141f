module e2e/long_call

go 1.24
