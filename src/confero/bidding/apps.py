from django.apps import AppConfig


class BiddingConfig(AppConfig):
    name = "confero.bidding"
    label = "bidding"
    verbose_name = "Bids"
