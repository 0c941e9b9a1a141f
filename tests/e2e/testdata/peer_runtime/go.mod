module e2e/peer_runtime

go 1.24
