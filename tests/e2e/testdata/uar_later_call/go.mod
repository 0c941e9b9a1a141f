module e2e/uar_later_call

go 1.24
