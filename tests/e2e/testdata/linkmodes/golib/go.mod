module e2e/linkmodes

go 1.24
