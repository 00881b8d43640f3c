from django.urls import path

from wohnbuendnis.news import feeds, views

app_name = "news"

urlpatterns = [
    path("eintrag/<int:pk>/", views.news_item, name="item"),
    path("eintrag/<int:pk>/bearbeiten/", views.edit_news_item, name="edit"),
    path("eintrag/<int:pk>/veroeffentlichen/", views.publish_news_item, name="publish"),
    path("newsletter/bestaetigen/<str:token>/", views.confirm, name="confirm"),
    path("newsletter/abmelden/<str:token>/", views.unsubscribe, name="unsubscribe"),
    path("newsletter/ausgabe/<int:pk>/", views.issue, name="issue"),
    path("newsletter/ausgabe/<int:pk>/versenden/", views.send_issue, name="send_issue"),
    path("<slug:slug>/", views.news_list, name="list"),
    path("<slug:slug>/neu/", views.new_news_item, name="new"),
    path("<slug:slug>/rss/", feeds.NewsFeed(), name="rss"),
    path("<slug:slug>/atom/", feeds.NewsAtomFeed(), name="atom"),
    path("<slug:slug>/newsletter/", views.subscribe, name="subscribe"),
    path("<slug:slug>/newsletter/ausgaben/", views.issues, name="issues"),
    path("<slug:slug>/newsletter/ausgaben/neu/", views.new_issue, name="new_issue"),
]
