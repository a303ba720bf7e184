"""contribute area"""
