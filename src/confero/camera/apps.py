from django.apps import AppConfig


class CameraConfig(AppConfig):
    name = "confero.camera"
    label = "camera"
    verbose_name = "Camera-ready and presentation assets"
