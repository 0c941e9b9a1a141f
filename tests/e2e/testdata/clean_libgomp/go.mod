module e2e/clean_libgomp

go 1.24
