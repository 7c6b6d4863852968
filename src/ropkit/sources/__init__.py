"""Reading CRM exports: files (read), cell values (values), CRM presets, canonical rows."""
