module e2e/retain_many_locations

go 1.24
