"""PDF documents (reportlab). Never imports storage or security; reportlab loads on first use."""
