"""admin area"""
