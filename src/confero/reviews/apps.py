from django.apps import AppConfig


class ReviewsConfig(AppConfig):
    name = "confero.reviews"
    label = "reviews"
    verbose_name = "Reviews and discussion"
