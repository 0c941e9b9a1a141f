module e2e/retain_cxx_new

go 1.24
