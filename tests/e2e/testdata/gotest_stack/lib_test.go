package lib

import "testing"

func TestKeep(t *testing.T) { Keep() }
