module e2e/retain_static_branches

go 1.24
