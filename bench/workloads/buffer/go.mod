module cgosan.bench/buffer

go 1.24
