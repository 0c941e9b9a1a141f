module e2e/uar_loop_bases

go 1.24
