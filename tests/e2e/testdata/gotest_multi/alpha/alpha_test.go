package alpha

import "testing"

func TestKeep(t *testing.T) { Keep() }
