module e2e/gotest_pkg

go 1.24
