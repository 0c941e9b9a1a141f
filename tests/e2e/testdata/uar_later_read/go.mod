module e2e/uar_later_read

go 1.24
