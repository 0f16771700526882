"""Layer 3: phrases, bodies, municipalities, schedules, amounts and dates → canonical values."""
