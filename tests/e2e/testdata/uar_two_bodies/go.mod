module e2e/uar_two_bodies

go 1.24
