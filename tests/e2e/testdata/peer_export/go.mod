module e2e/peer_export

go 1.24
