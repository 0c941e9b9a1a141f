module e2e/retain_tls

go 1.24
