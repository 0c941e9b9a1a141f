module e2e/uar_near_exported

go 1.24
