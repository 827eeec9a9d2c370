"""Importers turning external article formats into ArticleDocuments."""
